module example.com/methods-receiver

go 1.21
