"""Bundled worked examples made by assay itself (inputs for the assessment page's "pick a
bundled example"); each folder has a README naming the sources its numbers came from."""
