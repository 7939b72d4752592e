"""Economic models: the RAEF economic filter, valuation (in-situ, recoverable, NPV; rare-earth
oxide baskets) and resource-for-aid / revenue-share deal scenarios. Pure numpy/pandas."""
