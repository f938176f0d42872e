"""Tagged PDFs laid out in parts, joined into one tagged PDF (pikepdf): the pages, one structure tree
(each part's Document children under the first's, parent-tree keys and element IDs renumbered), the
bookmarks. Used for very long Relazioni, whose single Typst compilation would need gigabytes."""

from __future__ import annotations

import io

import pikepdf


def _pairs(tree) -> list:
    """A number or name tree as a flat [key, value, …] list."""
    out: list = []
    for key in ("/Nums", "/Names"):
        if key in tree:
            out += list(tree[key])
    for kid in tree.get("/Kids", []):
        out += _pairs(kid)
    return out


def _children(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _rename_ids(pdf, prefix: str) -> None:
    """Every structure element's /ID in ``pdf`` and every /Headers reference to one get ``prefix``
    (IDs restart in each part): one pass over the part's objects before it is copied, not a walk of
    the copied tree."""
    for e in pdf.objects:
        if not isinstance(e, pikepdf.Dictionary) or "/S" not in e or "/P" not in e:
            continue
        if "/ID" in e:
            e.ID = pikepdf.String(prefix + str(e.ID))
        attrs = e.get("/A")
        for a in list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []:
            if isinstance(a, pikepdf.Dictionary) and "/Headers" in a:
                a.Headers = pikepdf.Array([pikepdf.String(prefix + str(h)) for h in a.Headers])


def _copy(out, obj):
    """``obj`` of another PDF into ``out`` (copy_foreign takes indirect objects only)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(out, x) for x in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _copy(out, v) for k, v in obj.items()})
    return obj


def join(parts: list[bytes]) -> bytes:
    out = pikepdf.open(io.BytesIO(parts[0]))
    root = out.Root.StructTreeRoot
    document = _children(root)[0]
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    nums = _pairs(root.ParentTree)
    names = _pairs(root.IDTree) if "/IDTree" in root else []
    next_key = int(root.ParentTreeNextKey)
    outline = out.Root.get("/Outlines")
    sources = []
    for i, data in enumerate(parts[1:], start=1):
        src = pikepdf.open(io.BytesIO(data))
        sources.append(src)  # kept open until saved: copied objects are read lazily
        first_page = len(out.pages)
        out.pages.extend(src.pages)
        for page in list(out.pages)[first_page:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + next_key
        sroot = src.Root.StructTreeRoot
        prefix = f"p{i}-"
        _rename_ids(src, prefix)
        copied = _copy(out, sroot.K)
        for their_document in list(copied) if isinstance(copied, pikepdf.Array) else [copied]:
            for kid in _children(their_document):
                if isinstance(kid, pikepdf.Dictionary):
                    kid.P = document
                document.K.append(kid)
        pairs = _pairs(sroot.ParentTree)
        copied_values = [_copy(out, v) for v in pairs[1::2]]
        for key, value in zip(pairs[0::2], copied_values, strict=True):
            nums += [int(key) + next_key, value]
        next_key += int(sroot.ParentTreeNextKey)
        if "/IDTree" in sroot:
            their = _pairs(sroot.IDTree)
            values = [_copy(out, v) for v in their[1::2]]
            names += [
                x for key, v in zip(their[0::2], values, strict=True) for x in (pikepdf.String(prefix + str(key)), v)
            ]
        if outline is not None and "/Outlines" in src.Root and "/First" in src.Root.Outlines:
            theirs = _copy(out, src.Root.Outlines)
            item = theirs.First
            while True:
                item.Parent = outline
                if "/Next" not in item:
                    break
                item = item.Next
            if "/Last" in outline:
                outline.Last.Next = theirs.First
                theirs.First.Prev = outline.Last
            else:
                outline.First = theirs.First
            outline.Last = theirs.Last
            outline.Count = int(outline.get("/Count", 0)) + int(theirs.get("/Count", 0))
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = next_key
    if names:
        ordered = sorted(zip(names[0::2], names[1::2], strict=True), key=lambda kv: bytes(kv[0]))
        root.IDTree = out.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array([x for kv in ordered for x in kv])))
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, static_id=False)
    for src in sources:
        src.close()
    return buffer.getvalue()
