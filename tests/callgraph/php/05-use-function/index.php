<?php

require_once 'src/Util/strings.php';

use function App\Util\slugify;
use function App\Util\truncate as cut;

$title = 'Hello, World: a PHP story';
echo slugify($title), "\n";
echo cut($title, 8), "\n";
echo \App\Util\headline($title), "\n";
