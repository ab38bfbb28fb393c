module example.com/interface-dispatch

go 1.21
