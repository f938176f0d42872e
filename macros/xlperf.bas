Attribute VB_Name = "xlperf"
Option Explicit

' xlperf - ciclo della performance.
' Pulsante "Aggiorna riepilogo": ricostruisce i fogli Riepilogo, Cruscotto, Dirigenti e Controlli
' a partire dai fogli di area e dall'Albero. I fogli di inserimento non vengono mai modificati.
' Richiede Python con il pacchetto xlperf installato (vedi il foglio Istruzioni).
Sub AggiornaRiepilogo()
    RunPython "import xlperf.excel; xlperf.excel.refresh_caller()"
End Sub

' Pulsante "Raccogli file aree" (solo nel file principale): chiede i file compilati dalle aree e
' riporta consuntivi e note nel file principale; i conflitti finiscono nel foglio Controlli.
Sub RaccogliFileAree()
    Dim files As Variant, i As Long, arg As String
    files = Application.GetOpenFilename("File delle aree (*.xlsx; *.xlsm), *.xlsx;*.xlsm", , "Scegliere i file delle aree", , True)
    If Not IsArray(files) Then Exit Sub
    For i = LBound(files) To UBound(files)
        arg = arg & files(i) & "|"
    Next i
    RunPython "import xlperf.excel; xlperf.excel.collect_caller(r'''" & arg & "''')"
End Sub
