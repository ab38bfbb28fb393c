<?php

namespace App\Models;

class Post
{
    public function __construct(private User $author, private string $title)
    {
    }

    public function byline(): string
    {
        return $this->title . ' by ' . $this->author->handle();
    }
}
