Attribute VB_Name = "xlperf"
Option Explicit

' xlperf - ciclo della performance.
' Pulsante "Aggiorna riepilogo": ricostruisce i fogli Riepilogo, Cruscotto, Dirigenti e Controlli
' a partire dai fogli di area e dall'Albero. I fogli di inserimento non vengono mai modificati.
' Richiede Python con il pacchetto xlperf installato (vedi il foglio Istruzioni).
Sub AggiornaRiepilogo()
    RunPython "import xlperf.excel; xlperf.excel.refresh_caller()"
End Sub
