/* Masthead tracker (docs/ANALYTICS.md): keeps nothing in the browser. */
(function(w,d,n){
var S=d.currentScript,E=S.getAttribute('data-collect'),A=+S.getAttribute('data-a')||0,C=+S.getAttribute('data-c')||0,
pv,acc,until,last,vis,maxD,sentD,timer,R='recirc';
function now(){return performance.now()}
function rid(){var a=new Uint8Array(12);crypto.getRandomValues(a);return Array.from(a,function(b){return(b+256).toString(16).slice(1)}).join('')}
function send(o){o.p=pv;o.u=location.href;o.r=d.referrer;if(A)o.a=A;if(C)o.c=C;var b=JSON.stringify(o);
if(!(n.sendBeacon&&n.sendBeacon(E,b)))try{fetch(E,{method:'POST',body:b,keepalive:true,credentials:'omit'})}catch(e){}}
function tick(t){if(vis&&until>last)acc+=Math.min(t,until)-last;last=t}
function input(){var t=now();tick(t);if(vis)until=t+5e3}
function inc(){tick(now());var s=Math.floor(acc/1e3);acc-=s*1e3;return s}
function depth(){var h=d.documentElement,H=h.scrollHeight;return H?Math.min(100,Math.round((scrollY+innerHeight)/H*100)):0}
function beat(x){if(pv)send({k:'heartbeat',e:inc(),d:maxD,x:x?1:0})}
function scrolled(){input();var x=depth();if(x>maxD){maxD=x;if(x>=sentD+25||x==100&&sentD<100){sentD=x-x%25;send({k:'scroll',d:x})}}}
function start(){pv=rid();acc=0;last=now();vis=d.visibilityState=='visible';until=vis?last+5e3:0;maxD=depth();sentD=0;
var l=[];d.querySelectorAll('a[data-'+R+']').forEach(function(a){var s=a.dataset[R];if(l.indexOf(s)<0&&l.length<64)l.push(s)});
send({k:'pageview',w:screen.width,d:maxD,l:l});clearInterval(timer);timer=setInterval(beat,15e3)}
['mousedown','mousemove','keydown','touchstart','wheel'].forEach(function(e){addEventListener(e,input,{passive:true,capture:true})});
addEventListener('scroll',scrolled,{passive:true});addEventListener('focus',input);
d.addEventListener('visibilitychange',function(){if(d.visibilityState=='visible'){vis=true;input()}else{tick(now());vis=false;until=0;beat()}});
addEventListener('pagehide',function(){beat(1);clearInterval(timer);pv=0});
addEventListener('pageshow',function(e){if(e.persisted)start()});
d.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a[data-'+R+']');if(a&&pv)send({k:'click',s:a.dataset[R],t:a.pathname})},true);
var M=d.getElementById('most-read');
if(M)fetch(M.getAttribute('data-src')).then(function(r){return r.json()}).then(function(j){if(!j.articles.length)return;
var o=d.createElement('ol'),l=[];j.articles.forEach(function(x,i){var li=d.createElement('li'),a=d.createElement('a');a.href=x.url;a.textContent=x.headline;
l.push(a.dataset[R]='mostread-'+(i+1));li.append(a,' ',x.readers_text);o.append(li)});M.replaceChildren(o);if(pv)send({k:'heartbeat',e:inc(),d:maxD,l:l})}).catch(function(){});
if(d.prerendering)d.addEventListener('prerenderingchange',start,{once:true});else start()
})(window,document,navigator);
