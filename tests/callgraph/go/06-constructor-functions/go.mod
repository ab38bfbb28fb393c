module example.com/constructor-functions

go 1.21
