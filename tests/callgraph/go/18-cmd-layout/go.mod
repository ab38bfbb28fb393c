module example.com/cmd-layout

go 1.21
