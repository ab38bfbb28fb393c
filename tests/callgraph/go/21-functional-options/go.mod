module example.com/functional-options

go 1.21
