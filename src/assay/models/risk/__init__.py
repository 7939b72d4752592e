"""Supply-risk models: pure functions on numpy/pandas inputs.

One module per method:

- :mod:`~assay.models.risk.concentration_thresholds`: HHI bands of the competition
  authorities (US DOJ/FTC 2023 and 2010, EU 2004) and top-n concentration ratios;
- :mod:`~assay.models.risk.eu_crm`: EU Critical Raw Materials supply risk and economic
  importance (Blengini et al. 2017);
- :mod:`~assay.models.risk.usgs_2021`: USGS supply-risk index DP × TE × EV (Nassar et al.
  2020; Nassar & Fortier 2021, USGS OFR 2021-1045);
- :mod:`~assay.models.risk.geopolrisk`: GeoPolRisk (Gemechu et al. 2016; Koyamparambath et
  al. 2024; reference implementation geopolrisk-py);
- :mod:`~assay.models.risk.shock`: supply-shock scenarios (remove, cap or add producers).
"""
