"""Mineral prospectivity models: weights of evidence (ArcSDM conventions), fuzzy overlay,
supervised classifiers with spatial block cross-validation, reclassification and
evaluation (ROC/AUC, success-rate and prediction-area curves). Pure numpy/pandas."""
