<?php

namespace App;

use App\Models\{Post, User};

class Feed
{
    private array $posts = [];

    public function add(Post $post): self
    {
        $this->posts[] = $post;
        return $this;
    }

    public function render(): string
    {
        return implode("\n", array_map(fn (Post $p) => $p->byline(), $this->posts));
    }

    public static function demo(): Feed
    {
        $ada = new User('Ada');
        return (new Feed())->add(new Post($ada, 'Engines'))->add(new Post($ada, 'Notes'));
    }
}
