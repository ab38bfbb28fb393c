module example.com/import-alias

go 1.21
