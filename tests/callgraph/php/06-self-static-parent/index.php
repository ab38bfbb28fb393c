<?php

require_once 'src/Model.php';
require_once 'src/User.php';

use App\User;

$admin = User::admin('ada');
echo $admin->describe(), "\n";
echo User::tableName(), "\n";
