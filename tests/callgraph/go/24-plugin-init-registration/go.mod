module example.com/plugin-init-registration

go 1.21
