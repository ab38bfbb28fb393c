module example.com/middleware-chain

go 1.21
