<?php

namespace App\Controllers;

use App\Repositories\UserRepository;

class UserController
{
    public function __construct(private UserRepository $users)
    {
    }

    public function index(): array
    {
        return $this->users->all();
    }

    public function show(int $id): string
    {
        return $this->users->find($id) ?? 'missing';
    }
}
