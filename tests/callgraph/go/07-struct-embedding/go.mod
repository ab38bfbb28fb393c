module example.com/struct-embedding

go 1.21
