<?php

require_once 'src/Repositories/UserRepository.php';
require_once 'src/Controllers/UserController.php';
require_once 'src/Controllers/PostController.php';
require_once 'src/Router.php';

use App\Router;

$router = new Router();
foreach (['/users', '/users/2', '/posts', '/posts/7'] as $path) {
    echo $router->dispatch($path), "\n";
}
