<?php

namespace App;

class User extends Model
{
    protected static string $table = 'users';

    public static function admin(string $name): self
    {
        $user = new User();
        $user->fill(['name' => $name, 'role' => 'admin']);
        return $user;
    }

    public function describe(): string
    {
        return parent::describe() . ' ' . self::badge();
    }

    private static function badge(): string
    {
        return '[' . strtoupper(parent::label()) . ']';
    }
}
