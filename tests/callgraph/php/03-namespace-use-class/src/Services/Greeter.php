<?php

namespace App\Services;

use App\Models\User;

class Greeter
{
    public function welcome(User $user): string
    {
        return $user->greet() . '!';
    }

    public function welcomeAll(array $names): array
    {
        $out = [];
        foreach ($names as $name) {
            $out[] = $this->welcome(new User($name));
        }
        return $out;
    }
}
