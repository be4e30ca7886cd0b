#!/usr/bin/env Rscript
# Golden values for the DeLong statistics of io.scorewatch.stats, from R's pROC.
#
# Run from the project root after src/test/python/generate_credit_golden.py (which writes the
# ROC data sets to src/test/resources/golden/credit/roc_cases.json), with Debian's r-base-core
# and r-cran-proc:
#
#     Rscript src/test/r/generate_delong_golden.R
#
# Writes src/test/resources/golden/credit/delong.json: per case, in the order of roc_cases.json,
#   auc, variance           roc(labels, scores) and var(roc, method = "delong")
#   auc2, variance2         the same for scores2 (the same clients scored by a second model)
#   auc_b, variance_b       the same for labels_b / scores_b (another sample)
#   paired_z, paired_p      roc.test(roc, roc2, method = "delong", paired = TRUE)
#   unpaired_d, unpaired_df, unpaired_p
#                           roc.test(roc, roc_b, method = "delong", paired = FALSE)
#   fall_z, fall_p          (auc - initial_auc) / sqrt(variance) and pnorm(fall_z)
# Every ROC curve is built with levels = c(0, 1) (0 = control, 1 = case, i.e. default) and
# direction = "<" (cases score higher), never pROC's automatic direction. Numbers are written
# with 17 significant digits; NaN / NA as null, infinities as the strings "Infinity" and
# "-Infinity".

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
root <- normalizePath(file.path(dirname(script), "..", "..", ".."))
dir <- file.path(root, "src", "test", "resources", "golden", "credit")
input <- fromJSON(file.path(dir, "roc_cases.json"), simplifyVector = FALSE)

curve <- function(labels, scores) {
  roc(response = unlist(labels), predictor = unlist(scores), levels = c(0, 1), direction = "<",
      quiet = TRUE)
}

# pROC warns that the variance of a perfect curve is 0; the value is still the DeLong one
delong_var <- function(r) suppressWarnings(as.numeric(var(r, method = "delong")))

number <- function(x) {
  x <- as.numeric(x)
  if (length(x) != 1 || is.na(x)) {
    "null"
  } else if (is.infinite(x)) {
    if (x > 0) "\"Infinity\"" else "\"-Infinity\""
  } else {
    sprintf("%.17g", x)
  }
}

cases <- lapply(input$cases, function(case) {
  r <- curve(case$labels, case$scores)
  r2 <- curve(case$labels, case$scores2)
  rb <- curve(case$labels_b, case$scores_b)
  paired <- suppressWarnings(roc.test(r, r2, method = "delong", paired = TRUE))
  unpaired <- suppressWarnings(roc.test(r, rb, method = "delong", paired = FALSE))
  v <- delong_var(r)
  fall_z <- (as.numeric(auc(r)) - case$initial_auc) / sqrt(v)
  values <- c(
    auc = number(auc(r)), variance = number(v),
    auc2 = number(auc(r2)), variance2 = number(delong_var(r2)),
    auc_b = number(auc(rb)), variance_b = number(delong_var(rb)),
    paired_z = number(paired$statistic), paired_p = number(paired$p.value),
    unpaired_d = number(unpaired$statistic), unpaired_df = number(unpaired$parameter),
    unpaired_p = number(unpaired$p.value),
    fall_z = number(fall_z), fall_p = number(pnorm(fall_z)))
  paste0("  {\"name\": \"", case$name, "\", ",
         paste0("\"", names(values), "\": ", values, collapse = ", "), "}")
})

out <- file.path(dir, "delong.json")
writeLines(c(
  "{",
  " \"generated_by\": \"src/test/r/generate_delong_golden.R\",",
  sprintf(" \"versions\": {\"R\": \"%s\", \"pROC\": \"%s\"},",
          paste(R.version$major, R.version$minor, sep = "."), as.character(packageVersion("pROC"))),
  " \"cases\": [",
  paste(unlist(cases), collapse = ",\n"),
  " ]",
  "}"), out)
cat("wrote", out, file.info(out)$size, "bytes\n")
