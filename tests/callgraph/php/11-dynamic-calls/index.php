<?php

require_once 'src/Jobs.php';

use App\Jobs;

$jobs = new Jobs();
$target = $argv[1] ?? 'db';
$method = $argv[2] ?? 'cleanup';

echo $jobs->runDirect($target), "\n";
echo $jobs->$method($target), "\n";
echo call_user_func([$jobs, 'backup'], $target), "\n";
echo call_user_func_array([Jobs::class, 'report'], [$target]), "\n";

$static = 'report';
echo Jobs::$static($target), "\n";

$class = Jobs::class;
$instance = new $class();
echo get_class($instance), "\n";
