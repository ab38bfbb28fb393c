module example.com/handler-map

go 1.21
