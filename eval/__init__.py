"""Evaluation: the labelled set, the runner (``python -m eval``) and scope calibration."""
