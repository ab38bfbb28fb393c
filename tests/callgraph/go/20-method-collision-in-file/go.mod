module example.com/method-collision-in-file

go 1.21
