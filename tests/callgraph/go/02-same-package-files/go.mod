module example.com/same-package-files

go 1.21
