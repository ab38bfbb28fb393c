<?php

namespace App;

use App\Controllers\PostController;
use App\Controllers\UserController;
use App\Repositories\UserRepository;

class Router
{
    public function dispatch(string $path): string
    {
        [$resource, $id] = array_pad(explode('/', trim($path, '/')), 2, null);
        if ($resource === 'users') {
            $controller = new UserController(new UserRepository());
            return $id === null ? implode(',', $controller->index()) : $controller->show((int) $id);
        }
        $posts = new PostController();
        return $id === null ? implode(',', $posts->index()) : $posts->show((int) $id);
    }
}
