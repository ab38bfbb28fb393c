<?php

namespace App\Models;

class User
{
    public function __construct(private string $name, private string $role = 'member')
    {
    }

    public function displayName(): string
    {
        return ucfirst($this->name);
    }

    public function greet(): string
    {
        return 'Hello, ' . $this->displayName() . ' (' . $this->role . ')';
    }
}
