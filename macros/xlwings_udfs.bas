Attribute VB_Name = "xlwings_udfs"
' Kept by hand (not generated): the form xlwings' Import Functions writes, see below.
#Const App = "Microsoft Excel" 'Adjust when using outside of Excel
' xlperf: wrappers of the PERF_* functions of the Python module xlperf.udfs, in the form that
' xlwings' Import Functions writes, kept as source so the workbook works without an import.

Function PERF_INDICATOR(target, actual, Optional op, Optional monitoraggio, Optional periodo, Optional unita, Optional target30)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PERF_INDICATOR = XLPy.CallUDF("xlperf.udfs", "PERF_INDICATOR", Array(target, actual, op, monitoraggio, periodo, unita, target30), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        PERF_INDICATOR = XLPy.CallUDF("xlperf.udfs", "PERF_INDICATOR", Array(target, actual, op, monitoraggio, periodo, unita, target30))
        Exit Function
    #End If
failed:
    PERF_INDICATOR = Err.Description
End Function

Function PERF_OBJECTIVE(percentuali, pesi, Optional codici, Optional codice)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PERF_OBJECTIVE = XLPy.CallUDF("xlperf.udfs", "PERF_OBJECTIVE", Array(percentuali, pesi, codici, codice), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        PERF_OBJECTIVE = XLPy.CallUDF("xlperf.udfs", "PERF_OBJECTIVE", Array(percentuali, pesi, codici, codice))
        Exit Function
    #End If
failed:
    PERF_OBJECTIVE = Err.Description
End Function

Function PERF_STATUS(pct, Optional soglia_raggiunto, Optional soglia_parziale)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PERF_STATUS = XLPy.CallUDF("xlperf.udfs", "PERF_STATUS", Array(pct, soglia_raggiunto, soglia_parziale), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        PERF_STATUS = XLPy.CallUDF("xlperf.udfs", "PERF_STATUS", Array(pct, soglia_raggiunto, soglia_parziale))
        Exit Function
    #End If
failed:
    PERF_STATUS = Err.Description
End Function

Function PERF_INDICATORS(targets, actuals, Optional ops)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PERF_INDICATORS = XLPy.CallUDF("xlperf.udfs", "PERF_INDICATORS", Array(targets, actuals, ops), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        PERF_INDICATORS = XLPy.CallUDF("xlperf.udfs", "PERF_INDICATORS", Array(targets, actuals, ops))
        Exit Function
    #End If
failed:
    PERF_INDICATORS = Err.Description
End Function

Function PERF_STATUSES(pcts, Optional soglia_raggiunto, Optional soglia_parziale)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PERF_STATUSES = XLPy.CallUDF("xlperf.udfs", "PERF_STATUSES", Array(pcts, soglia_raggiunto, soglia_parziale), ThisWorkbook, Application.Caller)
        Exit Function
    #Else
        PERF_STATUSES = XLPy.CallUDF("xlperf.udfs", "PERF_STATUSES", Array(pcts, soglia_raggiunto, soglia_parziale))
        Exit Function
    #End If
failed:
    PERF_STATUSES = Err.Description
End Function
