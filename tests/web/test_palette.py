"""Deposit-type colours: families in a colour-blind-safe palette, no colour repeated.

Oracles: the colours are Paul Tol's "muted" scheme as published (SRON/EPS/TN/09-002,
reproduced in the R package khroma): the nine hex values are typed here from that table,
not read from the implementation; the family of each example type follows from the words
of its name (a placer is a placer, a skarn hydrothermal), checked by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.models import palette
from assay.web.figures import points_map

# Tol's muted scheme (nine colours) and its missing-data grey
TOL_MUTED = {"#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
             "#882255", "#AA4499"}  # fmt: skip


def test_palette_is_tol_muted_without_repeats():
    colours = list(palette.FAMILY_COLOURS.values())
    assert len(colours) == len(set(colours)) == len(palette.FAMILIES)
    assert set(colours) == TOL_MUTED | {"#DDDDDD"}
    assert palette.FAMILY_COLOURS[palette.UNSPECIFIED] == "#DDDDDD"


@pytest.mark.parametrize(
    ("published", "family"),
    [
        ("Fluvial placer REE", "placer"),
        ("Heavy Mineral Sands", "placer"),
        ("Carbonatite laterite REE", "carbonatite / alkaline"),
        ("Peralkaline igneous HFSE- REE", "carbonatite / alkaline"),
        ("apatite-nepheline (alkaline intrusion)", "carbonatite / alkaline"),
        ("LCT pegmatite", "pegmatite"),
        ("rare-metal pegmatite (Li, spodumene)", "pegmatite"),
        ("Skarn tungsten ± Mo", "hydrothermal"),
        ("Granite -Related Skarn", "hydrothermal"),
        ("Porphyry copper ± gold", "hydrothermal"),
        ("Komatiite nickel-copper-PGE", "magmatic"),
        ("U-M layered intrusion nickel-copper-PGE", "magmatic"),
        ("Lacustrine brine lithium", "sedimentary"),
        ("Black shale vanadium ± Mo ± Ni", "sedimentary"),
        ("Laterite nickel", "weathering / surficial"),
        ("Ion adsorption REE", "weathering / surficial"),
        ("Orogenic graphite", "metamorphic"),
        ("Gemstone", palette.OTHER),
        (None, palette.UNSPECIFIED),
        ("Unclassified", palette.UNSPECIFIED),
        ("Ta-Nb (type not stated in the sources read)", palette.UNSPECIFIED),
    ],
)
def test_families_follow_the_words_of_the_type(published, family):
    assert palette.deposit_family(published) == family


def test_type_group_decides_when_the_type_matches_nothing():
    assert palette.deposit_family("Gemstone", "Placer") == "placer"
    assert palette.deposit_family("Gemstone") == palette.OTHER


def _legend(figure: dict) -> list[tuple[str, str]]:
    return [(t["name"], t["marker"]["color"]) for t in figure["data"] if t.get("meta") == "sites"]


def test_web_map_legend_has_no_repeated_colour():
    types = ["Hydrothermal", "Sedimentary", "Igneous", "Surficial", "Fluvial placer REE",
             "Metamorphic", "Carbonatite REE", "LCT pegmatite", "Gemstone", None,
             "Skarn copper", "Porphyry tungsten", "Vein tin", "Laterite nickel",
             "Black shale uranium", "Kimberlite diamond", "Alkaline", "Paleoplacer gold",
             "Orogenic graphite", "Tailings", "Ion adsorption REE",
             "Apatite intrusion REE"]  # fmt: skip
    points = [
        {"id": f"S{i}", "name": f"site {i}", "lat": 50.0 + i / 10, "lon": 40.0, "deposit_type": t}
        for i, t in enumerate(types)
    ]
    figure = points_map(points, title="t", iso3="RUS")
    legend = _legend(figure)
    names = [n for n, _ in legend]
    colours = [c for _, c in legend]
    assert len(types) > 20 and len(legend) == len(palette.FAMILIES)
    assert len(set(colours)) == len(colours)
    assert len(set(names)) == len(names)
    assert names == list(palette.FAMILIES)  # legend in family order
    # the specific type stays in the hover
    hover = [h for t in figure["data"] if t.get("meta") == "sites" for h in t["text"]]
    assert any("Fluvial placer REE: placer" in h for h in hover)
    assert any("Skarn copper: hydrothermal" in h for h in hover)


def test_russia_sites_map_and_pdf_map_share_the_families(mcs_store_path: Path):
    from assay.analyses.sites import sites_view
    from assay.reports.geo import country_map_figure, sites_frame
    from assay.store import open_store

    with open_store(mcs_store_path, read_only=True) as store:
        view = sites_view(store, country="RUS", include_estimates=False)
    located = [s for s in view["sites"] if s["location"]]
    types = {s["deposit_type"] for s in located}
    assert len(types) > 10  # more types than Plotly's ten default colours
    points = [
        {"id": s["id"], "name": s["name"], "deposit_type": s["deposit_type"],
         "lat": s["location"]["lat"], "lon": s["location"]["lon"]}
        for s in located
    ]  # fmt: skip
    web = _legend(points_map(points, title="RUS", iso3="RUS"))
    assert len({c for _, c in web}) == len(web)
    assert all(palette.FAMILY_COLOURS[n] == c for n, c in web)
    fig, ax, _ = country_map_figure("RUS", sites_frame(view), title="RUS", colour_by="deposit_type")
    try:
        from matplotlib.colors import to_hex

        handles, labels = ax.get_legend_handles_labels()
        pdf = {
            label.rsplit(" (", 1)[0]: to_hex(h.get_facecolor()[0]).upper()
            for h, label in zip(handles, labels, strict=True)
            if hasattr(h, "get_offsets")
        }
        assert pdf  # the sites are drawn by family
        assert len(set(pdf.values())) == len(pdf)
        assert {n: c for n, c in web} == pdf  # the same families and colours as the web
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_site_page_map_still_colours_records_by_dataset():
    from assay.web.routes.site import site_figures

    data = {
        "sites": [
            {
                "name": "X",
                "country": "UKR",
                "control": None,
                "sources": [
                    {"name": "a", "dataset": "usgs-major", "location": {"lat": 48.0, "lon": 38.0}},
                    {"name": "b", "dataset": "usgs-ree", "location": {"lat": 48.1, "lon": 38.1}},
                ],
            }
        ]
    }
    figure = site_figures(data)["site-0"]
    names = [t["name"] for t in figure["data"] if t.get("meta") == "sites"]
    assert names == ["usgs-major", "usgs-ree"]


def test_hover_of_a_site_near_a_control_border_does_not_assert_control():
    point = {
        "id": "S1", "name": "Artemovsk Basin", "lat": 48.6, "lon": 38.33,
        "deposit_type": "Sedimentary", "control": None, "control_uncertain": True,
        "control_candidates": [{"id": "a", "area": "Luhansk Oblast"},
                               {"id": "b", "area": "Donetsk Oblast"}],
    }  # fmt: skip
    figure = points_map([point], title="t", iso3="UKR")
    (text,) = [h for t in figure["data"] if t.get("meta") == "sites" for h in t["text"]]
    assert "control: not asserted, near a border (Luhansk Oblast or Donetsk Oblast)" in text
    assert "Sedimentary: sedimentary" in text
