module example.com/same-file-functions

go 1.21
