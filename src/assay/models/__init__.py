"""Pure numerical models: numpy/pandas in, numpy/pandas out. They import nothing from the
store, the analyses or the interfaces."""
