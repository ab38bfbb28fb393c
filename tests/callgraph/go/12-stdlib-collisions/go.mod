module example.com/stdlib-collisions

go 1.21
