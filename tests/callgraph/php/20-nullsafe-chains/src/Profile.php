<?php

namespace App;

class Profile
{
    public function __construct(private ?string $avatar = null)
    {
    }

    public function avatarUrl(): ?string
    {
        return $this->avatar === null ? null : 'https://cdn.example.org/' . $this->avatar;
    }
}
