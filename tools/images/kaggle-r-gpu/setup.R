# Installs reticulate and keras3 where RStudio Server's sessions find them, and a Python for them.
# RStudio sessions read R's site library and Renviron.site; a per-user library (~/R) would be lost
# with the container and invisible to other users, so everything goes to the site library.
site <- .Library.site[1]
if (is.na(site) || !nzchar(site)) site <- file.path(R.home(), "site-library")
dir.create(site, recursive = TRUE, showWarnings = FALSE)
install.packages(c("reticulate", "keras3"), lib = site, repos = "https://cloud.r-project.org")

library(reticulate, lib.loc = site)
envdir <- "/opt/r-keras"
virtualenv_create(envdir, python = Sys.which("python3"))
keras3::install_keras(envname = envdir, backend = Sys.getenv("KERAS_BACKEND", "tensorflow"))

# Every session (RStudio's too) uses that Python without being told.
renviron <- file.path(R.home("etc"), "Renviron.site")
cat(sprintf("RETICULATE_PYTHON=%s/bin/python\n", envdir), file = renviron, append = TRUE)
cat(sprintf("KERAS_BACKEND=%s\n", Sys.getenv("KERAS_BACKEND", "tensorflow")), file = renviron, append = TRUE)
