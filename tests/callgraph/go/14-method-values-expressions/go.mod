module example.com/method-values-expressions

go 1.21
