<?php

namespace App\Controllers;

class PostController
{
    public function index(): array
    {
        return ['post-1', 'post-2'];
    }

    public function show(int $id): string
    {
        return "post-$id";
    }
}
