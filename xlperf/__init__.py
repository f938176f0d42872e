"""xlperf — il ciclo della performance di una Camera di Commercio, in Excel e da riga di comando."""

__version__ = "0.1.0"
