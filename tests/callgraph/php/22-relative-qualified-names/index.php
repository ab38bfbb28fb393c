<?php

require_once 'src/Util/helpers.php';
require_once 'src/Services/Mailer.php';
require_once 'src/Kernel.php';

$kernel = new App\Kernel();
print_r($kernel->boot());
echo App\Util\helper('done'), "\n";
