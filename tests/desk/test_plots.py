"""`assess --plots`: the tonnage pdf is a density per log10 unit on its log axis, so its peak
sits at the median of a lognormal (the mode of log10 tonnage), and the ticks read '10 Mt'."""

from __future__ import annotations

from pathlib import Path

import numpy as np

EXAMPLE = Path(__file__).resolve().parents[2] / "src/assay/reference/examples/carbonatite_ree"


def test_tonnage_pdf_plot_peaks_at_the_median_with_unit_area():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import StepPatch

    from assay.analyses.assessment import assess_tract
    from assay.importers.mapmark4 import read_tract_spec

    result = assess_tract(read_tract_spec(EXAMPLE / "tract.yaml"), draws=200,
                          reference_draws=100_000)  # fmt: skip
    pdf = result.tonnage_pdf
    fig = pdf.plot()
    try:
        ax = fig.axes[0]
        step = next(p for p in ax.patches if isinstance(p, StepPatch))
        density, edges = step.get_data()[0], step.get_data()[1]
        # analytic: a density per log10 unit integrates to 1 over log10 bins
        np.testing.assert_allclose(np.sum(density * np.diff(np.log10(edges))), 1.0, rtol=1e-9)
        peak = np.argmax(density)
        centre = np.sqrt(edges[peak] * edges[peak + 1])
        median = np.median(pdf.reference_samples[:200_000])
        # the sampled lognormal is symmetric in log10: its peak bin holds the median
        # (a density per tonne on these bins would peak two decades lower)
        assert abs(np.log10(centre) - np.log10(median)) < 0.35
        fig.canvas.draw()
        for axis in fig.axes:
            labels = [t.get_text() for t in axis.get_xticklabels() if t.get_text()]
            assert labels and all(t.endswith("t") for t in labels), labels
            assert not any("e+" in t or "^" in t for t in labels)
        assert "[1/decade]" in ax.get_ylabel() and "[t]" in ax.get_xlabel()
    finally:
        plt.close(fig)
