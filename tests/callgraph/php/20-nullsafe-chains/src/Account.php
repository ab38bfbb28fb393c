<?php

namespace App;

class Account
{
    public function __construct(private string $email, private ?Profile $profile = null)
    {
    }

    public function email(): string
    {
        return $this->email;
    }

    public function profile(): ?Profile
    {
        return $this->profile;
    }
}
