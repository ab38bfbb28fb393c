module example.com/goroutines-defer

go 1.21
