module example.com/nested-packages

go 1.21
