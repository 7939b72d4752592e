#!/usr/bin/env bash
# Reference values of R's ks::Hpi (the KDE bandwidth matrix MapMark4 uses for grade pdfs) for
# tests/assess/test_ks_reference.py. Needs R and ks from Debian's packages:
#   apt-get update && apt-get install -y --no-install-recommends r-base-core r-cran-ks
# Reads the MapMark4 and MapWizard example grade-and-tonnage models from ../shared/data and
# writes tests/assess/data/ks_hpi_reference.csv (case, d, n, ks version, row, col, value).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${ASSAY_SHARED:-../shared}/data/mapmark4-examples"
OUT=tests/assess/data/ks_hpi_reference.csv
mkdir -p "$(dirname "$OUT")"
Rscript --vanilla - "$DATA" "$OUT" <<'RSCRIPT'
suppressMessages(library(ks))
args <- commandArgs(trailingOnly = TRUE)
data_dir <- args[1]; out <- args[2]
# ilr coordinates with compositions::ilrBase(D)'s Helmert basis (as MapMark4), gangue last
ilr_coords <- function(grades_pct) {
  f <- as.matrix(grades_pct) / 100
  parts <- cbind(f, 1 - rowSums(f))
  D <- ncol(parts)
  V <- matrix(0, D, D - 1)
  for (j in 1:(D - 1)) { V[1:j, j] <- -1 / sqrt(j * (j + 1)); V[j + 1, j] <- j / sqrt(j * (j + 1)) }
  (log(parts) - rowMeans(log(parts))) %*% V
}
gatm <- read.csv(file.path(data_dir, "ExampleGatm.csv"))
wiz <- read.csv(file.path(data_dir, "mapwizard", "porphyry_CuAu_gatm_named_deposits.csv"),
                check.names = FALSE)
# three grades (d = 3, where ks switches to its "dscalar" pilot): synthetic grades [%] of 60
# deposits written by numpy (seed 20261205) into tests/assess/data/synthetic_grades_3.csv
synthetic <- read.csv("tests/assess/data/synthetic_grades_3.csv")
# four grades (d = 4): 60 deposits of correlated log-normal grades [%] written by numpy
# (default_rng(20261206).multivariate_normal: medians Cu 0.4, Mo 0.02, Au 1e-4, Ag 3e-4 %,
# log sd 0.5, 0.8, 0.6, 0.7) into tests/assess/data/synthetic_grades_4.csv
synthetic4 <- read.csv("tests/assess/data/synthetic_grades_4.csv")
# (one grade, d = 1, is left out: ks 1.14's Hpi stops with "'x' must be an array of at
# least two dimensions" in dmvnorm.deriv.unique for a one-column matrix)
cases <- list(
  ExampleGatm_CuAu = ilr_coords(gatm[, c("Cu", "Au")]),
  MapWizard_porphyry_CuAu = ilr_coords(wiz[, c("Cu Grade (%)", "Au Grade (%)")]),
  synthetic_CuMoAu = ilr_coords(synthetic[, c("Cu", "Mo", "Au")]),
  synthetic_CuMoAuAg = ilr_coords(synthetic4[, c("Cu", "Mo", "Au", "Ag")])
)
rows <- list()
for (name in names(cases)) {
  x <- cases[[name]]
  H <- Hpi(x)  # MapMark4's call: all defaults
  for (i in seq_len(nrow(H))) for (j in seq_len(ncol(H))) {
    rows[[length(rows) + 1]] <- data.frame(
      case = name, d = ncol(x), n = nrow(x), ks_version = as.character(packageVersion("ks")),
      row = i, col = j, value = sprintf("%.15g", H[i, j]))
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE)
cat("wrote", out, "\n")
RSCRIPT
