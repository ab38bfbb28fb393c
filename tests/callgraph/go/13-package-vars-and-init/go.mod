module example.com/package-vars-and-init

go 1.21
