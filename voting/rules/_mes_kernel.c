/* The Method of Equal Shares on a few thousand ballots, in 64-bit integers.
 *
 * The round loop of voting.rules.tiny_classes (see its _run) without the interpreter: on a
 * few hundred ballots the rule's own arithmetic takes microseconds and CPython's overhead per
 * step was most of the time. Same decisions, same exact numbers:
 *
 *   every voter starts with b0 / den; a project's price per point is U / (den x R) (R its
 *   rich supporters' points, U what they still owe x den); the project with the lowest
 *   rho = U / (den x R x cost) is bought, ties to the lower index; budgets then move to the
 *   least common denominator and each supporter pays price x points, or all it holds.
 *
 * Every product is checked. The common denominator grows with each purchase; when a number
 * would leave 63 bits the rounds stop before that step changes anything and hand what they
 * reached to the Python rounds, which have no limit. Input it does not expect gets None.
 *
 *   run(b0, den, n, cost, candidates, sup, pts)
 *     cost: list of ints, per project; candidates: project indices, ascending;
 *     sup: per project, its supporters (voter indices < n, each at most once);
 *     pts: None (one point each) or, per project, its supporters' points (positive ints).
 *   -> ([(project, price numerator, price denominator)], budgets per voter (numerators),
 *       den, [(project still in play, its last rho as a float)] if the rounds stopped
 *       short, else []) or None
 *
 *   supporters(choices, index, points)
 *     choices: each ballot's choices (a tuple of project ids, or with points a dict id ->
 *     points); index: project id -> project index, numbering 0 .. len(index) - 1.
 *   -> (sup, pts): per project, its supporters in ballot order and (with points, else None)
 *      the points they give it; supporters giving zero or less are left out, as they have
 *      no utility. None for anything else: an unknown id, an id that is not exactly a str,
 *      a point that is not exactly an int, a choice of the wrong type; the Python reading
 *      then says what is wrong.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

typedef __int128 i128;

#define I64_MAX_ ((i128)INT64_MAX)

typedef struct {
    Py_ssize_t index;   /* project index, for ties and the answer */
    int64_t cost;
    int64_t total;      /* points of all its supporters */
    Py_ssize_t len;
    int64_t *voter;
    int64_t *points;    /* NULL: one point each */
    int alive;
    double lower;       /* its rho when last priced: rho only grows during a run */
} project_t;

/* Floats of exact ratios are within a few units of the last place: this margin is ample. */
#define SURE (1 + 1e-9)

/* The int64 value of a Python int, or 0 (no exception left) if it is not one in range. */
static int
read_i64(PyObject *o, int64_t *out)
{
    int overflow = 0;
    long long v;
    if (!PyLong_Check(o))
        return 0;
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    *out = (int64_t)v;
    return 1;
}

/* Reads a list of ints in [low, high) into a new array; NULL if it is anything else. */
static int64_t *
read_list(PyObject *list, Py_ssize_t len, int64_t low, int64_t high)
{
    int64_t *out = PyMem_Malloc(sizeof(int64_t) * (len ? len : 1));
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (!read_i64(PyList_GET_ITEM(list, i), &out[i]) || out[i] < low || out[i] >= high) {
            PyMem_Free(out);
            return NULL;
        }
    }
    return out;
}

static i128
gcd128(i128 a, i128 b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* U and R of a project now (1), unaffordable (0), or a number out of range (-1).
 * The poor (budget / den < price x points) pay all they have and the price rises, until
 * no one left is poor, as tiny_classes._price does. rich_b and rich_p are scratch space. */
static int
price(const project_t *q, const int64_t *bud, int64_t den, int64_t *rich_b, int64_t *rich_p,
      i128 *u_out, i128 *r_out)
{
    i128 unpaid = (i128)q->cost * den, points = q->total, money = 0;
    i128 poor_money = 0, poor_points = 0;
    Py_ssize_t rich = 0;
    if (unpaid > I64_MAX_)
        return -1;
    for (Py_ssize_t i = 0; i < q->len; i++) {
        int64_t b = bud[q->voter[i]], p = q->points ? q->points[i] : 1;
        money += b;
        if ((i128)b * points < unpaid * p) {
            poor_money += b;
            poor_points += p;
        }
        else {
            rich_b[rich] = b;
            rich_p[rich++] = p;
        }
    }
    if (money < unpaid)
        return 0;
    while (poor_points) {
        Py_ssize_t keep = 0;
        unpaid -= poor_money;
        points -= poor_points;
        poor_money = poor_points = 0;
        for (Py_ssize_t i = 0; i < rich; i++) {
            if ((i128)rich_b[i] * points < unpaid * rich_p[i]) {
                poor_money += rich_b[i];
                poor_points += rich_p[i];
            }
            else {
                rich_b[keep] = rich_b[i];
                rich_p[keep++] = rich_p[i];
            }
        }
        rich = keep;
    }
    *u_out = unpaid;
    *r_out = points;
    return 1;
}

/* The rounds: the answer tuple, or NULL (an exception). When a number would leave 63 bits
 * the rounds stop where they are, before that step changes anything, and the answer lists
 * the projects still in play for the Python rounds to go on with. */
static PyObject *
buy(project_t *projects, Py_ssize_t count, int64_t *bud, Py_ssize_t n, int64_t den,
    Py_ssize_t most)
{
    PyObject *bought = PyList_New(0), *budgets = NULL, *remaining = NULL, *answer = NULL;
    int64_t *rich_b = PyMem_Malloc(sizeof(int64_t) * (size_t)(most ? most : 1));
    int64_t *rich_p = PyMem_Malloc(sizeof(int64_t) * (size_t)(most ? most : 1));
    project_t **order = PyMem_Malloc(sizeof(project_t *) * (size_t)(count ? count : 1));
    int out_of_range = 0;
    if (bought == NULL || rich_b == NULL || rich_p == NULL || order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    while (!out_of_range) {
        project_t *best = NULL;
        i128 best_u = 0, best_r = 0, best_rc = 0, pn = 0, pd = 0, new_den = 0, up = 0, step = 0;
        double best_f = 0;
        Py_ssize_t alive = 0;
        /* projects in play by their last rho (insertion sort: a few dozen at most) */
        for (Py_ssize_t k = 0; k < count; k++) {
            Py_ssize_t i;
            if (!projects[k].alive)
                continue;
            i = alive++;
            while (i > 0 && order[i - 1]->lower > projects[k].lower) {
                order[i] = order[i - 1];
                i--;
            }
            order[i] = &projects[k];
        }
        for (Py_ssize_t k = 0; k < alive; k++) {
            project_t *q = order[k];
            i128 u = 0, r = 0, rc = 0, left = 0, right = 0;
            int found;
            if (best != NULL && q->lower > best_f * SURE)
                break;  /* this one and all after it are surely above the best */
            found = price(q, bud, den, rich_b, rich_p, &u, &r);
            if (found == 0) {
                q->alive = 0;  /* unaffordable now, hence for ever */
                continue;
            }
            if (found < 0 || __builtin_mul_overflow(r, (i128)q->cost, &rc)) {
                out_of_range = 1;
                break;
            }
            q->lower = (double)u / ((double)den * (double)rc);
            /* rho = u / (den x rc): lower wins; equal, the lower index */
            if (best != NULL) {
                if (__builtin_mul_overflow(u, best_rc, &left)
                    || __builtin_mul_overflow(best_u, rc, &right)) {
                    out_of_range = 1;
                    break;
                }
                if (left > right || (left == right && q->index > best->index))
                    continue;
            }
            best = q;
            best_u = u;
            best_r = r;
            best_rc = rc;
            best_f = q->lower;
        }
        if (out_of_range || best == NULL)
            break;
        {
            /* price per point pn / pd in lowest terms; budgets over a common denominator,
             * every bound checked before anything changes */
            i128 den_r = (i128)den * best_r, g = gcd128(best_u, den_r);
            int64_t richest = 0;
            PyObject *item;
            pn = best_u / g;
            pd = den_r / g;
            if (pd <= I64_MAX_)
                new_den = (i128)(den / (int64_t)gcd128(den, pd)) * pd;
            if (pd > I64_MAX_ || new_den > I64_MAX_
                || __builtin_mul_overflow(pn, new_den / pd, &step) || step > I64_MAX_) {
                out_of_range = 1;
                break;
            }
            up = new_den / den;
            for (Py_ssize_t v = 0; v < n; v++)
                if (bud[v] > richest)
                    richest = bud[v];
            if ((i128)richest * up > I64_MAX_) {
                out_of_range = 1;
                break;
            }
            item = Py_BuildValue("(nLL)", best->index, (long long)pn, (long long)pd);
            if (item == NULL || PyList_Append(bought, item) < 0) {
                Py_XDECREF(item);
                goto done;
            }
            Py_DECREF(item);
            best->alive = 0;
            if (up != 1)
                for (Py_ssize_t v = 0; v < n; v++)
                    bud[v] = (int64_t)(bud[v] * up);
            for (Py_ssize_t i = 0; i < best->len; i++) {
                i128 left_over = (i128)bud[best->voter[i]]
                                 - step * (best->points ? best->points[i] : 1);
                bud[best->voter[i]] = left_over > 0 ? (int64_t)left_over : 0;
            }
            den = (int64_t)new_den;
        }
    }
    budgets = PyList_New(n);
    remaining = PyList_New(0);
    if (budgets == NULL || remaining == NULL)
        goto done;
    for (Py_ssize_t v = 0; v < n; v++) {
        PyObject *b = PyLong_FromLongLong(bud[v]);
        if (b == NULL)
            goto done;
        PyList_SET_ITEM(budgets, v, b);
    }
    for (Py_ssize_t k = 0; out_of_range && k < count; k++) {
        PyObject *j;
        if (!projects[k].alive)
            continue;
        j = Py_BuildValue("(nd)", projects[k].index, projects[k].lower);
        if (j == NULL || PyList_Append(remaining, j) < 0) {
            Py_XDECREF(j);
            goto done;
        }
        Py_DECREF(j);
    }
    answer = Py_BuildValue("(OOLO)", bought, budgets, (long long)den, remaining);
done:
    PyMem_Free(rich_b);
    PyMem_Free(rich_p);
    PyMem_Free(order);
    Py_XDECREF(bought);
    Py_XDECREF(budgets);
    Py_XDECREF(remaining);
    return answer;
}

static PyObject *
run(PyObject *self, PyObject *args)
{
    PyObject *b0_o, *den_o, *cost, *candidates, *sup, *pts, *answer = NULL;
    Py_ssize_t n, count, most = 0, m;
    int64_t b0, den, *bud = NULL, *stamp = NULL;
    project_t *projects = NULL;
    if (!PyArg_ParseTuple(args, "OOnO!O!O!O", &b0_o, &den_o, &n, &PyList_Type, &cost,
                          &PyList_Type, &candidates, &PyList_Type, &sup, &pts))
        return NULL;
    m = PyList_GET_SIZE(cost);
    count = PyList_GET_SIZE(candidates);
    if (!read_i64(b0_o, &b0) || !read_i64(den_o, &den) || b0 < 0 || den < 1 || n < 1
        || PyList_GET_SIZE(sup) != m
        || (pts != Py_None && (!PyList_Check(pts) || PyList_GET_SIZE(pts) != m)))
        Py_RETURN_NONE;
    projects = PyMem_Calloc(count ? count : 1, sizeof(project_t));
    bud = PyMem_Malloc(sizeof(int64_t) * n);
    stamp = PyMem_Calloc(n, sizeof(int64_t));
    if (projects == NULL || bud == NULL || stamp == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        project_t *q = &projects[k];
        PyObject *voters, *points;
        int64_t j;
        if (!read_i64(PyList_GET_ITEM(candidates, k), &j) || j < 0 || j >= m
            || (k && j <= projects[k - 1].index)
            || !read_i64(PyList_GET_ITEM(cost, j), &q->cost) || q->cost < 0)
            goto decline;
        q->index = (Py_ssize_t)j;
        voters = PyList_GET_ITEM(sup, j);
        if (!PyList_Check(voters))
            goto decline;
        q->len = PyList_GET_SIZE(voters);
        q->voter = read_list(voters, q->len, 0, n);
        if (q->voter == NULL)
            goto decline;
        for (Py_ssize_t i = 0; i < q->len; i++) {  /* a voter named twice would pay twice */
            if (stamp[q->voter[i]] == k + 1)
                goto decline;
            stamp[q->voter[i]] = k + 1;
        }
        q->total = q->len;
        if (pts != Py_None) {
            points = PyList_GET_ITEM(pts, j);
            if (!PyList_Check(points) || PyList_GET_SIZE(points) != q->len)
                goto decline;
            /* points below 2**31 keep every product of a point and a sum within 128 bits */
            q->points = read_list(points, q->len, 1, (int64_t)1 << 31);
            if (q->points == NULL)
                goto decline;
            q->total = 0;
            for (Py_ssize_t i = 0; i < q->len; i++)
                q->total += q->points[i];
        }
        q->alive = q->cost > 0 && q->len > 0;
        if (q->len > most)
            most = q->len;
    }
    for (Py_ssize_t v = 0; v < n; v++)
        bud[v] = b0;
    answer = buy(projects, count, bud, n, den, most);
    goto done;
decline:
    answer = Py_None;
    Py_INCREF(answer);
done:
    if (projects != NULL) {
        for (Py_ssize_t k = 0; k < count; k++) {
            PyMem_Free(projects[k].voter);
            PyMem_Free(projects[k].points);
        }
    }
    PyMem_Free(projects);
    PyMem_Free(bud);
    PyMem_Free(stamp);
    return answer;
}

static PyObject *
supporters(PyObject *self, PyObject *args)
{
    PyObject *choices, *index, *sup = NULL, *pts = Py_None, *answer = NULL;
    int points;
    Py_ssize_t m;
    if (!PyArg_ParseTuple(args, "O!O!p", &PyList_Type, &choices, &PyDict_Type, &index, &points))
        return NULL;
    m = PyDict_GET_SIZE(index);
    sup = PyList_New(m);
    if (sup == NULL)
        return NULL;
    Py_INCREF(pts);
    if (points) {
        Py_DECREF(pts);
        pts = PyList_New(m);
        if (pts == NULL)
            goto done;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *list = PyList_New(0);
        if (list == NULL)
            goto done;
        PyList_SET_ITEM(sup, j, list);
        if (points) {
            if ((list = PyList_New(0)) == NULL)
                goto done;
            PyList_SET_ITEM(pts, j, list);
        }
    }
    for (Py_ssize_t v = 0; v < PyList_GET_SIZE(choices); v++) {
        PyObject *ballot = PyList_GET_ITEM(choices, v), *key, *value, *voter;
        Py_ssize_t pos = 0, j;
        if (points ? !PyDict_CheckExact(ballot) : !PyTuple_CheckExact(ballot))
            goto decline;
        voter = PyLong_FromSsize_t(v);
        if (voter == NULL)
            goto done;
        for (Py_ssize_t i = 0;; i++) {
            PyObject *found;
            if (points) {
                if (!PyDict_Next(ballot, &pos, &key, &value))
                    break;
            }
            else if (i < PyTuple_GET_SIZE(ballot))
                key = PyTuple_GET_ITEM(ballot, i);
            else
                break;
            /* an exact str hashes and compares in C: no Python code can run and change the
             * ballot under the borrowed key and value (a str subclass could) */
            if (!PyUnicode_CheckExact(key)) {
                Py_DECREF(voter);
                goto decline;
            }
            found = PyDict_GetItemWithError(index, key);  /* borrowed */
            if (found == NULL || !PyLong_CheckExact(found)) {
                Py_DECREF(voter);
                if (PyErr_Occurred())
                    goto done;
                goto decline;
            }
            j = PyLong_AsSsize_t(found);
            if (j < 0 || j >= m) {
                Py_DECREF(voter);
                PyErr_Clear();
                goto decline;
            }
            if (points) {
                int overflow = 0;
                long long point;
                if (!PyLong_CheckExact(value)) {
                    Py_DECREF(voter);
                    goto decline;
                }
                point = PyLong_AsLongLongAndOverflow(value, &overflow);
                if (overflow < 0 || (!overflow && point <= 0))
                    continue;  /* no utility: not a supporter */
                if (PyList_Append(PyList_GET_ITEM(pts, j), value) < 0) {
                    Py_DECREF(voter);
                    goto done;
                }
            }
            if (PyList_Append(PyList_GET_ITEM(sup, j), voter) < 0) {
                Py_DECREF(voter);
                goto done;
            }
        }
        Py_DECREF(voter);
    }
    answer = PyTuple_Pack(2, sup, pts);
    goto done;
decline:
    answer = Py_None;
    Py_INCREF(answer);
done:
    Py_XDECREF(sup);
    Py_XDECREF(pts);
    return answer;
}

static PyMethodDef methods[] = {
    {"run", run, METH_VARARGS,
     "run(b0, den, n, cost, candidates, sup, pts) -> (bought, budgets, den, left) or None"},
    {"supporters", supporters, METH_VARARGS,
     "supporters(choices, index, points) -> (sup, pts) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "voting.rules._mes_kernel",
    "MES rounds for small elections in 64-bit integers (see voting.rules.tiny_classes).",
    -1, methods,
};

/* What tiny_classes expects of this module; a build left from an older version of this
 * file (it is rebuilt only by pip install) then goes unused instead of failing. */
#define INTERFACE 2

PyMODINIT_FUNC
PyInit__mes_kernel(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "INTERFACE", INTERFACE) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
