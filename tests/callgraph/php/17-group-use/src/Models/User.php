<?php

namespace App\Models;

class User
{
    public function __construct(public string $name)
    {
    }

    public function handle(): string
    {
        return '@' . strtolower($this->name);
    }
}
