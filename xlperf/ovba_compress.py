"""MS-OVBA compression (the LZ77 variant of [MS-OVBA] 2.4.1), written from the specification.

Why our own: ms-ovba-compression 1.0.1 produces streams that do not decompress back for inputs
longer than one 4096-byte chunk (the embedded 46 KB xlwings module came out garbled, and so did
the `dir` stream of a project with 13 sheets — olevba read "She6t5" for "Sheet6"). The tests
round-trip every stream through olevba's independent decompressor.
"""

from __future__ import annotations

CHUNK = 4096


def _copy_token_split(difference: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) for a position ``difference`` into the chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    end = len(data)
    heads: dict[bytes, list[int]] = {}
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len, best_off = 0, 0
            if pos >= 1 and pos + 3 <= end:
                bit_count, max_len = _copy_token_split(pos)
                limit = min(max_len, end - pos)
                for cand in reversed(heads.get(data[pos : pos + 3], ())):
                    length = 0
                    while length < limit and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= 3:
                bit_count, _ = _copy_token_split(pos)
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + 3 <= end:
                    heads.setdefault(data[p : p + 3], []).append(p)
            pos += step
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01, then one chunk per 4096 bytes of input."""
    result = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        block = data[start : start + CHUNK]
        body = _compress_chunk(block)
        if len(body) > CHUNK or (len(body) == CHUNK and len(block) < CHUNK):
            if len(block) < CHUNK:  # an uncompressed chunk must hold exactly 4096 bytes
                raise ValueError("blocco finale incomprimibile: caso non gestito")
            result += (0x3000 | (CHUNK + 2 - 3)).to_bytes(2, "little") + block
            continue
        size = len(body) + 2
        result += (0x8000 | 0x3000 | (size - 3)).to_bytes(2, "little") + body
    return bytes(result)
