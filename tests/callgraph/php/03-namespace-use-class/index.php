<?php

require_once 'src/Models/User.php';
require_once 'src/Services/Greeter.php';

use App\Models\User;
use App\Services\Greeter;

$greeter = new Greeter();
echo $greeter->welcome(new User('ada', 'admin')), "\n";
echo implode("\n", $greeter->welcomeAll(['grace', 'linus'])), "\n";
