"""USGS three-part quantitative assessment of undiscovered deposits (MapMark4-class).

The chain mirrors the method's steps, each an inspectable object with ``summary()`` and
``plot()``: :mod:`.pmf` (number of undiscovered deposits), :mod:`.tonnage` (tonnage pdf),
:mod:`.grade` (grade pdf on isometric log-ratios, and the joint tonnage-grade pdf),
:mod:`.simulation` (Monte Carlo of deposits per tract) and :mod:`.totals` (contained
material per tract, with the analytic compound-sum check).
"""
