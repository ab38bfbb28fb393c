module example.com/subpackage-import

go 1.21
